import 'element-plus/dist/index.css';
import '../style.css';
import './workbench.css';
import { createApp } from 'vue';
import { z } from 'zod';
import { App } from './app.js';
import { createWorkbenchRouter } from './router.js';

// Every message zod writes in the workbench is one a caseworker reads: its forms validate with the API's own schemas.
z.config(z.locales.zhCN());

createApp(App).use(createWorkbenchRouter()).mount('#app');
