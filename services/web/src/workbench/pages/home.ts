/** The landing page: who is signed in, and the sections of the workbench open to that role. */
import { ElCard } from 'element-plus';
import { defineComponent, h } from 'vue';
import { RouterLink, useRouter } from 'vue-router';
import { roleNames } from '../../components/login.js';
import { placeName } from '../../lib/dashboard.js';
import { useWorkbench } from '../lib/context.js';

export const HomePage = defineComponent({
  name: 'HomePage',
  setup() {
    const { claims } = useWorkbench();
    const router = useRouter();
    return () => {
      const sections = router.getRoutes().filter((r) => r.meta.nav?.includes(claims.role));
      return h('div', { class: 'home' }, [
        h('h2', null, `您好，${roleNames[claims.role] ?? claims.role} ${claims.user}`),
        h('p', { class: 'muted' }, `辖区：${placeName(claims.jurisdiction)}（${claims.jurisdiction}）`),
        sections.length
          ? h(
              'ul',
              { class: 'home-sections' },
              sections.map((r) =>
                h(
                  'li',
                  { key: String(r.name) },
                  h(ElCard, { shadow: 'hover' }, () => h(RouterLink, { to: r.path }, () => r.meta.title ?? r.path)),
                ),
              ),
            )
          : h('p', { class: 'muted' }, '您的身份在工作台中暂无可办理的事项。'),
        h('p', { class: 'muted small' }, [h('a', { href: '/dashboard' }, '打开就业服务监测看板')]),
      ]);
    };
  },
});
