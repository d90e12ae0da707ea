import 'element-plus/dist/index.css';
import '../style.css';
import './workbench.css';
import { createApp } from 'vue';
import { App } from './app.js';
import { createWorkbenchRouter } from './router.js';

createApp(App).use(createWorkbenchRouter()).mount('#app');
