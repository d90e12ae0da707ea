/**
 * The workbench's pages, one line each, under /workbench (the server answers every path there
 * with the page, so a link or a reload lands where it pointed). `nav` puts a page in the side
 * menu for the roles it names.
 */
import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { CasePage } from './pages/case.js';
import { HomePage } from './pages/home.js';
import { InboxPage } from './pages/inbox.js';

declare module 'vue-router' {
  interface RouteMeta {
    title?: string;
    /** Shown in the side menu (and on the home page) to these roles. */
    nav?: readonly string[];
  }
}

export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', component: HomePage, meta: { title: '首页' } },
  { path: '/tasks', name: 'inbox', component: InboxPage, meta: { title: '我的待办', nav: ['caseworker', 'supervisor', 'liaison'] } },
  { path: '/cases/:id', name: 'case', component: CasePage, meta: { title: '案件详情' } },
];

export function createWorkbenchRouter() {
  const router = createRouter({ history: createWebHistory('/workbench/'), routes });
  router.afterEach((to) => {
    document.title = to.meta.title ? `${to.meta.title} · 就业服务工作台` : '就业服务工作台';
  });
  return router;
}
