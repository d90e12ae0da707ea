import 'element-plus/dist/index.css';
import './style.css';
import { createApp } from 'vue';
import { App } from './app.js';

createApp(App).mount('#app');
