/**
 * The dashboard: signs in, loads the summaries, then follows GET /api/stream and moves the figures
 * with each event, without a reload. A reset from the server (resume impossible), or a reconnect
 * that could not resume, loads the summaries again, since events may have been missed.
 */
import { ElAlert, ElButton, ElCard, ElConfigProvider, ElTag } from 'element-plus';
import zhCn from 'element-plus/es/locale/lang/zh-cn';
import { defineComponent, h, onBeforeUnmount, ref, type VNode } from 'vue';
import { EventFeed } from './components/feed.js';
import { LoginPanel, roleNames } from './components/login.js';
import { CasesPanel, DirectivePanel, EnterprisePanel, GraduatePanel } from './components/panels.js';
import { RiskGrid } from './components/risk-grid.js';
import { applyEvent, fromSummaries, placeName, replaceSummaries, type DashboardState } from './lib/dashboard.js';
import { clearToken, loadToken, readClaims, saveToken, beijingTime } from './lib/session.js';
import { gapWatcher, openStream, type ConnectionState, type StreamHandle } from './lib/stream.js';
import { ApiError, loadSummaries } from './lib/summaries.js';

const connectionTags: Record<ConnectionState, { text: string; type: 'success' | 'warning' | 'danger' | 'info' }> = {
  connecting: { text: '正在连接', type: 'info' },
  open: { text: '实时连接中', type: 'success' },
  reconnecting: { text: '连接中断，正在重连', type: 'warning' },
  unauthorized: { text: '登录已失效', type: 'danger' },
  stopped: { text: '已断开', type: 'info' },
};

function card(title: string, body: VNode, extra?: { id?: string; class?: string }): VNode {
  const headingId = `${extra?.id ?? 'panel'}-title`;
  return h('section', { class: ['panel', extra?.class ?? ''], 'aria-labelledby': headingId, id: extra?.id }, [
    h(ElCard, { shadow: 'never' }, { header: () => h('h2', { id: headingId }, title), default: () => body }),
  ]);
}

export const App = defineComponent({
  name: 'JiuyeDashboard',
  setup() {
    const token = ref(loadToken(sessionStorage));
    const notice = ref('');
    const loadError = ref('');
    const connection = ref<ConnectionState>('connecting');
    const connectionDetail = ref('');
    const state = ref<DashboardState>();
    let stream: StreamHandle | undefined;

    const signOut = (why = '') => {
      stream?.stop();
      stream = undefined;
      clearToken(sessionStorage);
      token.value = undefined;
      state.value = undefined;
      notice.value = why;
    };

    const refresh = async () => {
      if (!token.value) return;
      try {
        const summaries = await loadSummaries(fetch, token.value);
        state.value = state.value ? replaceSummaries(state.value, summaries) : fromSummaries(summaries);
        loadError.value = '';
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return signOut(err.message);
        loadError.value = err instanceof Error ? err.message : '数据加载失败';
      }
    };

    const start = async () => {
      if (!token.value) return;
      await refresh();
      if (!token.value) return;
      const missedEvents = gapWatcher();
      stream = openStream({
        url: '/api/stream',
        token: token.value,
        fetch: (input, init) => fetch(input, init),
        onState(next, detail) {
          connection.value = next;
          if (next === 'open') connectionDetail.value = '';
          if (next === 'unauthorized') signOut(detail ?? '登录已失效，请重新登录');
        },
        onNotice(n) {
          if (missedEvents(n)) {
            if (n.kind === 'reset') connectionDetail.value = n.message ?? '部分动态未能续传，已重新加载汇总数据';
            void refresh();
          }
          if (n.kind === 'closing') connectionDetail.value = n.message ?? '服务器断开了连接，正在重连';
        },
        onEvent(message) {
          if (state.value) applyEvent(state.value, message.event, message.data, message.id);
        },
      });
    };

    const signIn = (next: string) => {
      saveToken(sessionStorage, next);
      token.value = next;
      notice.value = '';
      void start();
    };

    if (token.value) void start();
    onBeforeUnmount(() => stream?.stop());

    const header = () => {
      const claims = token.value ? readClaims(token.value) : undefined;
      const tag = connectionTags[connection.value];
      return h('header', { class: 'top' }, [
        h('div', { class: 'title' }, [
          h('h1', null, '就业服务监测看板'),
          claims
            ? h(
                'p',
                { class: 'muted' },
                `${placeName(claims.jurisdiction)}（辖区 ${claims.jurisdiction}）· ${roleNames[claims.role] ?? claims.role} ${claims.user}`,
              )
            : null,
        ]),
        h('div', { class: 'status', role: 'status', 'aria-live': 'polite' }, [
          h(ElTag, { type: tag.type, effect: 'dark', round: true, 'data-state': connection.value, class: 'connection' }, () => tag.text),
          state.value ? h('span', { class: 'muted' }, `数据截至 ${beijingTime(state.value.asOf)}`) : null,
          connectionDetail.value ? h('span', { class: 'muted detail' }, connectionDetail.value) : null,
        ]),
        h('div', { class: 'actions' }, [
          h(ElButton, { onClick: () => void refresh() }, () => '刷新'),
          h(ElButton, { onClick: () => signOut('已退出登录') }, () => '退出'),
        ]),
      ]);
    };

    const dashboard = () => {
      const s = state.value;
      return h('div', { class: 'page' }, [
        header(),
        loadError.value ? h(ElAlert, { type: 'error', title: loadError.value, closable: false, showIcon: true, role: 'alert' }) : null,
        s
          ? h('main', { class: 'grid' }, [
              card('各地区失业风险等级', h(RiskGrid, { items: s.risk }), { id: 'risk', class: 'wide' }),
              card('各区县在办案件与超时任务', h(CasesPanel, { districts: s.districts }), { id: 'cases', class: 'wide-2' }),
              card('实时动态', h(EventFeed, { items: s.feed }), { id: 'feed', class: 'feed-panel' }),
              card(`高校毕业生“1311”服务进度${s.graduateYear ? `（${s.graduateYear}届）` : ''}`, h(GraduatePanel, { rows: s.graduates }), { id: 'graduates' }),
              card('重点企业用工需求补岗', h(EnterprisePanel, { rows: s.enterprises }), { id: 'enterprises' }),
              card('应急指令办理', h(DirectivePanel, { rows: s.directives }), { id: 'directives' }),
            ])
          : loadError.value
            ? null
            : h('p', { class: 'muted loading' }, '正在加载…'),
      ]);
    };

    return () => h(ElConfigProvider, { locale: zhCn }, () => (token.value ? dashboard() : h(LoginPanel, { notice: notice.value, onSignedIn: signIn })));
  },
});
