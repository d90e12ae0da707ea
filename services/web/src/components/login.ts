/**
 * Sign-in: paste a token (in development the output of `npm run --silent token -- --role leader
 * --region 22`; in production the identity provider's), or, on a development machine, ask the
 * server to run that same command for a leader of a chosen region.
 */
import { ElAlert, ElButton, ElCard, ElDivider, ElForm, ElFormItem, ElInput } from 'element-plus';
import { defineComponent, h, ref } from 'vue';
import { readClaims } from '../lib/session.js';

const COMMAND = 'npm run --silent token -- --role leader --region 22';

export const LoginPanel = defineComponent({
  name: 'LoginPanel',
  props: { notice: { type: String, default: '' } },
  emits: { signedIn: (token: string) => typeof token === 'string' },
  setup(props, { emit }) {
    const pasted = ref('');
    const region = ref('22');
    const error = ref('');
    const busy = ref(false);

    const usePasted = () => {
      const token = pasted.value.trim();
      if (!readClaims(token)) {
        error.value = '这不是有效的令牌：请粘贴令牌命令输出的整行内容';
        return;
      }
      error.value = '';
      emit('signedIn', token);
    };

    const devSignIn = async () => {
      busy.value = true;
      error.value = '';
      try {
        const res = await fetch('/dashboard/dev-sign-in', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ region: region.value.trim() }),
          cache: 'no-store',
        });
        const body = (await res.json().catch(() => ({}))) as { token?: unknown; message?: unknown };
        if (res.ok && typeof body.token === 'string') emit('signedIn', body.token);
        else error.value = typeof body.message === 'string' ? body.message : `登录失败（${res.status}）`;
      } catch {
        error.value = '无法连接服务器';
      } finally {
        busy.value = false;
      }
    };

    return () =>
      h('main', { class: 'login' }, [
        h(ElCard, { class: 'login-card', shadow: 'never' }, () => [
          h('h1', null, '就业服务监测看板'),
          h('p', { class: 'muted' }, '请先登录。令牌只保存在本浏览器标签页中，关闭标签页即失效。'),
          props.notice ? h(ElAlert, { type: 'warning', title: props.notice, closable: false, showIcon: true }) : null,
          error.value ? h(ElAlert, { type: 'error', title: error.value, closable: false, showIcon: true, role: 'alert' }) : null,
          h(ElForm, { labelPosition: 'top', onSubmit: (e: Event) => e.preventDefault() }, () => [
            h(ElFormItem, { label: '访问令牌', for: 'token-input' }, () =>
              h(ElInput, {
                id: 'token-input',
                modelValue: pasted.value,
                'onUpdate:modelValue': (v: string) => (pasted.value = v),
                type: 'textarea',
                rows: 3,
                placeholder: '粘贴令牌',
                autocomplete: 'off',
                spellcheck: false,
              }),
            ),
            h('p', { class: 'muted small' }, ['开发环境中可运行：', h('code', null, COMMAND), '，把输出粘贴到上面。']),
            h(ElButton, { type: 'primary', onClick: usePasted, 'data-test': 'use-token' }, () => '使用令牌登录'),
          ]),
          h(ElDivider, null, () => '开发环境'),
          h(ElForm, { labelPosition: 'top', onSubmit: (e: Event) => e.preventDefault() }, () => [
            h(ElFormItem, { label: '以领导身份登录，辖区（行政区划代码或前缀）', for: 'region-input' }, () =>
              h(ElInput, { id: 'region-input', modelValue: region.value, 'onUpdate:modelValue': (v: string) => (region.value = v), maxlength: 12 }),
            ),
            h(ElButton, { onClick: devSignIn, loading: busy.value, 'data-test': 'dev-sign-in' }, () => '开发环境一键登录'),
            h('p', { class: 'muted small' }, '与令牌命令相同的规则：仅在本机开发模式下可用，生产环境会拒绝。'),
          ]),
        ]),
      ]);
  },
});
