/**
 * Risk levels by region as a grid of coloured tiles (Ⅳ blue, Ⅲ yellow, Ⅱ orange, Ⅰ red, as the
 * response plans colour them). Each tile takes keyboard focus and shows its reasons on hover and on
 * focus; its accessible name carries the level and the reasons too.
 */
import { ElEmpty, ElTooltip } from 'element-plus';
import { computed, defineComponent, h, type PropType } from 'vue';
import { compareRiskLevel } from '../../../../domain/risk.js';
import { levelName, placeName } from '../lib/dashboard.js';
import type { RiskItem } from '../lib/summaries.js';

/** Ordered most severe first; a tile without a level last. */
function severity(a: RiskItem, b: RiskItem): number {
  if (a.declaredLevel && b.declaredLevel) return compareRiskLevel(b.declaredLevel, a.declaredLevel) || a.regionCode.localeCompare(b.regionCode);
  if (a.declaredLevel || b.declaredLevel) return a.declaredLevel ? -1 : 1;
  return a.regionCode.localeCompare(b.regionCode);
}

const scopeName = (item: RiskItem) => (item.industrySection ? `行业门类 ${item.industrySection}` : '全行业');

export const RiskGrid = defineComponent({
  name: 'RiskGrid',
  props: { items: { type: Array as PropType<RiskItem[]>, required: true } },
  setup(props) {
    const sorted = computed(() => [...props.items].sort(severity));
    return () =>
      sorted.value.length === 0
        ? h(ElEmpty, { description: '辖区内暂无风险监测记录', imageSize: 60 })
        : h('div', null, [
            h(
              'ul',
              { class: 'risk-grid', 'aria-label': '各地区失业风险等级' },
              sorted.value.map((item) => {
                const reasons = item.reasons.length ? item.reasons.join('；') : '各项指标均未达到预警线';
                const label = `${placeName(item.regionCode)}（${scopeName(item)}）：${levelName(item.declaredLevel)}。${reasons}`;
                return h('li', { key: `${item.regionCode}:${item.industrySection ?? ''}` }, [
                  h(
                    ElTooltip,
                    { placement: 'top', trigger: ['hover', 'focus'], showAfter: 100, popperClass: 'risk-tip' },
                    {
                      content: () =>
                        h('div', { class: 'risk-tip-body' }, [h('strong', null, levelName(item.declaredLevel)), ...item.reasons.map((r) => h('p', null, r))]),
                      default: () =>
                        h(
                          'div',
                          {
                            class: ['risk-tile', `risk-${item.colour ?? 'none'}`],
                            tabindex: 0,
                            role: 'group',
                            'aria-label': label,
                            'data-region': item.regionCode,
                            'data-level': item.declaredLevel ?? '',
                          },
                          [
                            h('span', { class: 'risk-place' }, placeName(item.regionCode)),
                            h('span', { class: 'risk-scope' }, scopeName(item)),
                            h('span', { class: 'risk-level' }, levelName(item.declaredLevel)),
                          ],
                        ),
                    },
                  ),
                ]);
              }),
            ),
            h('p', { class: 'risk-legend', 'aria-hidden': 'true' }, [
              h('span', { class: 'swatch risk-blue' }),
              'Ⅳ级（蓝色）',
              h('span', { class: 'swatch risk-yellow' }),
              'Ⅲ级（黄色）',
              h('span', { class: 'swatch risk-orange' }),
              'Ⅱ级（橙色）',
              h('span', { class: 'swatch risk-red' }),
              'Ⅰ级（红色）',
              h('span', { class: 'swatch risk-none' }),
              '未达预警',
            ]),
          ]);
  },
});
