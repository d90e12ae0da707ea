/**
 * An ECharts chart as a Vue component. Only the chart types and components the dashboard uses are
 * bundled. Screen readers get `description` (role="img"); each chart also has a table beside it.
 */
import { BarChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { init, use, type ComposeOption, type ECharts } from 'echarts/core';
import type { BarSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { defineComponent, h, onBeforeUnmount, onMounted, ref, watch, type PropType } from 'vue';

use([BarChart, GridComponent, LegendComponent, TooltipComponent, AriaComponent, CanvasRenderer]);

export type ChartOption = ComposeOption<BarSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>;

export const EChart = defineComponent({
  name: 'EChart',
  props: {
    option: { type: Object as PropType<ChartOption>, required: true },
    description: { type: String, required: true },
    height: { type: String, default: '260px' },
  },
  setup(props) {
    const el = ref<HTMLDivElement>();
    let chart: ECharts | undefined;
    let observer: ResizeObserver | undefined;
    onMounted(() => {
      if (!el.value) return;
      chart = init(el.value, undefined, { locale: 'ZH', renderer: 'canvas' });
      chart.setOption(props.option);
      observer = new ResizeObserver(() => chart?.resize());
      observer.observe(el.value);
    });
    watch(
      () => props.option,
      (option) => chart?.setOption(option, { notMerge: true }),
      { deep: true },
    );
    onBeforeUnmount(() => {
      observer?.disconnect();
      chart?.dispose();
    });
    return () => h('div', { ref: el, class: 'chart', role: 'img', 'aria-label': props.description, style: { height: props.height } });
  },
});
