/**
 * The workbench's pages, one line each, under /workbench (the server answers every path there
 * with the page, so a link or a reload lands where it pointed). `nav` puts a page in the side
 * menu for the roles it names.
 */
import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { CasePage } from './pages/case.js';
import { EnterprisePage } from './pages/enterprise.js';
import { EnterprisesPage } from './pages/enterprises.js';
import { HomePage } from './pages/home.js';
import { ImportsPage } from './pages/imports.js';
import { InboxPage } from './pages/inbox.js';
import { LedgersPage } from './pages/ledgers.js';
import { ResponsesPage } from './pages/responses.js';
import { TaskPage } from './pages/task.js';

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
  { path: '/tasks/:id', name: 'task', component: TaskPage, meta: { title: '任务' } },
  { path: '/cases/:id', name: 'case', component: CasePage, meta: { title: '案件详情' } },
  { path: '/imports', name: 'imports', component: ImportsPage, meta: { title: '毕业生名单导入', nav: ['caseworker', 'supervisor'] } },
  { path: '/enterprises', name: 'enterprises', component: EnterprisesPage, meta: { title: '重点企业', nav: ['liaison', 'supervisor', 'leader'] } },
  { path: '/enterprises/:creditCode', name: 'enterprise', component: EnterprisePage, props: true, meta: { title: '企业账户' } },
  { path: '/ledgers', name: 'ledgers', component: LedgersPage, meta: { title: '台账导出', nav: ['caseworker', 'supervisor', 'leader', 'liaison'] } },
  { path: '/responses', name: 'responses', component: ResponsesPage, meta: { title: '应急响应', nav: ['leader', 'supervisor'] } },
];

export function createWorkbenchRouter() {
  const router = createRouter({ history: createWebHistory('/workbench/'), routes });
  router.afterEach((to) => {
    document.title = to.meta.title ? `${to.meta.title} · 就业服务工作台` : '就业服务工作台';
  });
  return router;
}
