/**
 * Sign-in: paste a token (in development the output of `npm run --silent token -- --role leader
 * --region 22`; in production the identity provider's), or, on a development machine, ask the
 * server to run that same command for a chosen role, region and user.
 */
import { ElAlert, ElButton, ElCard, ElDivider, ElForm, ElFormItem, ElInput, ElOption, ElSelect } from 'element-plus';
import { computed, defineComponent, h, ref, type PropType } from 'vue';
import { readClaims } from '../lib/session.js';

export const roleNames: Record<string, string> = { leader: '领导', supervisor: '主管', caseworker: '经办人员', liaison: '就业服务专员', admin: '管理员' };

export const LoginPanel = defineComponent({
  name: 'LoginPanel',
  props: {
    notice: { type: String, default: '' },
    title: { type: String, default: '就业服务监测看板' },
    /** The roles the development sign-in offers, the first chosen at start. */
    roles: { type: Array as PropType<readonly string[]>, default: () => ['leader'] },
    region: { type: String, default: '22' },
  },
  emits: { signedIn: (token: string) => typeof token === 'string' },
  setup(props, { emit }) {
    const pasted = ref('');
    const region = ref(props.region);
    const role = ref(props.roles[0] ?? 'leader');
    const user = ref('');
    const command = computed(
      () => `npm run --silent token -- --role ${role.value} --region ${region.value || '22'}${user.value ? ` --user ${user.value}` : ''}`,
    );
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
          body: JSON.stringify({ region: region.value.trim(), role: role.value, ...(user.value.trim() ? { user: user.value.trim() } : {}) }),
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
          h('h1', null, props.title),
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
            h('p', { class: 'muted small' }, ['开发环境中可运行：', h('code', null, command.value), '，把输出粘贴到上面。']),
            h(ElButton, { type: 'primary', onClick: usePasted, 'data-test': 'use-token' }, () => '使用令牌登录'),
          ]),
          h(ElDivider, null, () => '开发环境'),
          h(ElForm, { labelPosition: 'top', onSubmit: (e: Event) => e.preventDefault() }, () => [
            props.roles.length > 1
              ? h(ElFormItem, { label: '身份', for: 'role-select' }, () =>
                  h(ElSelect, { id: 'role-select', modelValue: role.value, 'onUpdate:modelValue': (v: string) => (role.value = v) }, () =>
                    props.roles.map((r) => h(ElOption, { key: r, value: r, label: roleNames[r] ?? r })),
                  ),
                )
              : null,
            h(ElFormItem, { label: `以${roleNames[role.value] ?? role.value}身份登录，辖区（行政区划代码或前缀）`, for: 'region-input' }, () =>
              h(ElInput, { id: 'region-input', modelValue: region.value, 'onUpdate:modelValue': (v: string) => (region.value = v), maxlength: 12 }),
            ),
            props.roles.length > 1
              ? h(ElFormItem, { label: '用户名（可选，默认按身份生成）', for: 'user-input' }, () =>
                  h(ElInput, { id: 'user-input', modelValue: user.value, 'onUpdate:modelValue': (v: string) => (user.value = v), maxlength: 64 }),
                )
              : null,
            h(ElButton, { onClick: devSignIn, loading: busy.value, 'data-test': 'dev-sign-in' }, () => '开发环境一键登录'),
            h('p', { class: 'muted small' }, '与令牌命令相同的规则：仅在本机开发模式下可用，生产环境会拒绝。'),
          ]),
        ]),
      ]);
  },
});
