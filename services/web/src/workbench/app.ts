/**
 * The workbench: sign-in, then a frame (who is signed in, the live connection's state, the side
 * menu of the sections open to the role) around the page the router shows. The frame owns the
 * token, the API client and the one stream connection every page shares; a token the server
 * refuses signs the person out with the server's reason.
 */
import { ElButton, ElConfigProvider, ElMenu, ElMenuItem, ElTag } from 'element-plus';
import zhCn from 'element-plus/es/locale/lang/zh-cn';
import { computed, defineComponent, h, onBeforeUnmount, provide, readonly, ref } from 'vue';
import { RouterView, useRoute, useRouter } from 'vue-router';
import { LoginPanel, roleNames } from '../components/login.js';
import { placeName } from '../lib/dashboard.js';
import type { SseMessage } from '../lib/sse.js';
import { clearToken, loadToken, readClaims, saveToken, type TokenClaims } from '../lib/session.js';
import { gapWatcher, openStream, type ConnectionState, type StreamHandle } from '../lib/stream.js';
import { createApiClient } from './lib/api.js';
import { listeners, WorkbenchKey } from './lib/context.js';

const connectionTags: Record<ConnectionState, { text: string; type: 'success' | 'warning' | 'danger' | 'info' }> = {
  connecting: { text: '正在连接', type: 'info' },
  open: { text: '实时更新中', type: 'success' },
  reconnecting: { text: '连接中断，正在重连', type: 'warning' },
  unauthorized: { text: '登录已失效', type: 'danger' },
  stopped: { text: '已断开', type: 'info' },
};

/** The roles the development sign-in offers here: the people who work cases and accounts, then leaders. */
const WORKBENCH_ROLES = ['caseworker', 'supervisor', 'liaison', 'leader'] as const;

export const App = defineComponent({
  name: 'JiuyeWorkbench',
  setup() {
    const token = ref(loadToken(sessionStorage));
    const notice = ref('');
    const connection = ref<ConnectionState>('connecting');
    const events = listeners<[SseMessage]>();
    const gaps = listeners<[]>();
    let stream: StreamHandle | undefined;
    const router = useRouter();
    const route = useRoute();

    const signOut = (why = '') => {
      stream?.stop();
      stream = undefined;
      clearToken(sessionStorage);
      token.value = undefined;
      notice.value = why;
    };

    const api = createApiClient({ token: () => token.value, onUnauthorized: (message) => signOut(message || '登录已失效，请重新登录') });

    const connect = () => {
      if (!token.value) return;
      const missedEvents = gapWatcher();
      stream = openStream({
        url: '/api/stream',
        token: token.value,
        fetch: (input, init) => fetch(input, init),
        onState(next, detail) {
          connection.value = next;
          if (next === 'unauthorized') signOut(detail ?? '登录已失效，请重新登录');
        },
        onNotice: (n) => missedEvents(n) && gaps.tell(),
        onEvent: (message) => events.tell(message),
      });
    };

    const signIn = (next: string) => {
      saveToken(sessionStorage, next);
      token.value = next;
      notice.value = '';
      connect();
    };

    if (token.value) connect();
    onBeforeUnmount(() => stream?.stop());

    const claims = computed(() => (token.value ? readClaims(token.value) : undefined));
    // Pages are drawn only while signed in, so the claims they read are the signed-in person's.
    provide(WorkbenchKey, {
      get claims() {
        const signedIn = claims.value;
        if (!signedIn) throw new Error('no one is signed in');
        return signedIn;
      },
      api,
      live: { subscribe: events.add, onGap: gaps.add },
      connection: readonly(connection),
    });

    const frame = (claims: TokenClaims) => {
      const tag = connectionTags[connection.value];
      const sections = router.getRoutes().filter((r) => r.meta.nav?.includes(claims.role));
      return h('div', { class: 'workbench' }, [
        h('header', { class: 'top' }, [
          h('div', { class: 'title' }, [
            h('h1', null, '就业服务工作台'),
            h(
              'p',
              { class: 'muted' },
              `${placeName(claims.jurisdiction)}（辖区 ${claims.jurisdiction}）· ${roleNames[claims.role] ?? claims.role} ${claims.user}`,
            ),
          ]),
          h('div', { class: 'status', role: 'status', 'aria-live': 'polite' }, [
            h(ElTag, { type: tag.type, effect: 'dark', round: true, 'data-state': connection.value, class: 'connection' }, () => tag.text),
          ]),
          h('div', { class: 'actions' }, [h(ElButton, { onClick: () => signOut('已退出登录') }, () => '退出')]),
        ]),
        h('div', { class: 'frame' }, [
          h('nav', { class: 'side', 'aria-label': '工作台导航' }, [
            h(ElMenu, { defaultActive: route.path, router: true }, () => [
              h(ElMenuItem, { index: '/' }, () => '首页'),
              ...sections.map((r) => h(ElMenuItem, { index: r.path, key: r.path }, () => r.meta.title ?? r.path)),
            ]),
            h('a', { class: 'side-link', href: '/dashboard' }, '监测看板'),
          ]),
          h('main', { class: 'content' }, [h(RouterView, { key: token.value })]),
        ]),
      ]);
    };

    return () =>
      h(ElConfigProvider, { locale: zhCn }, () =>
        claims.value
          ? frame(claims.value)
          : h(LoginPanel, {
              notice: token.value ? '令牌无法识别，请重新登录' : notice.value,
              title: '就业服务工作台',
              roles: WORKBENCH_ROLES,
              region: '220102',
              onSignedIn: signIn,
            }),
      );
  },
});
