/** The live feed: newest first, bounded, announced politely to screen readers as events arrive. */
import { ElEmpty, ElTag } from 'element-plus';
import { defineComponent, h, type PropType } from 'vue';
import type { FeedItem, StreamTopic } from '../lib/dashboard.js';
import { beijingTime } from '../lib/session.js';

const topicTags: Record<StreamTopic, { text: string; type: 'primary' | 'success' | 'warning' | 'danger' | 'info' }> = {
  'case.lifecycle.v1': { text: '案件', type: 'primary' },
  'task.lifecycle.v1': { text: '任务', type: 'info' },
  'risk.level.v1': { text: '风险', type: 'danger' },
  'dept.directive.v1': { text: '指令', type: 'warning' },
};

export const EventFeed = defineComponent({
  name: 'EventFeed',
  props: { items: { type: Array as PropType<FeedItem[]>, required: true } },
  setup(props) {
    return () =>
      h('div', { class: 'feed', tabindex: 0, role: 'region', 'aria-label': '实时动态（最新在前）' }, [
        props.items.length === 0
          ? h(ElEmpty, { description: '连接后，辖区内的新动态会显示在这里', imageSize: 60 })
          : h(
              'ol',
              { class: 'feed-list', 'aria-live': 'polite', 'aria-relevant': 'additions' },
              props.items.map((item) =>
                h('li', { key: item.key, class: 'feed-item', 'data-topic': item.topic, 'data-region': item.regionCode }, [
                  h('div', { class: 'feed-head' }, [
                    h(ElTag, { type: topicTags[item.topic].type, size: 'small', effect: 'plain', disableTransitions: true }, () => topicTags[item.topic].text),
                    h('time', { datetime: item.occurredAt }, beijingTime(item.occurredAt)),
                    h('span', { class: 'feed-place' }, item.place),
                  ]),
                  h('div', { class: ['feed-title', item.level ? `level-${item.level}` : ''] }, item.title),
                  item.detail ? h('div', { class: 'feed-detail' }, item.detail) : null,
                ]),
              ),
            ),
      ]);
  },
});
