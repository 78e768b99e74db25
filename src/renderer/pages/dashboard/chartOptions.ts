import type { ClassConfirmation, KindErrorCount, TrendPoint } from '../../../shared/contract/dashboard'
import { ERROR_TYPE_LABELS, ERROR_TYPES, KIND_LABELS, KINDS, type ErrorType } from '../../../shared/domain'
import type { ChartOption } from '../../components/Chart'
import type { DateFormat } from '../../useDateFormat'

// Pure builders of the dashboard's chart options: data in, echarts option out.
// Each grid keeps its axis labels inside the chart's box (`outerBoundsMode: 'same'`,
// echarts 6's replacement for `containLabel`), so long CJK class and kind labels never clip.

const INK = '#1f2328'
const MUTED = '#5f6670'
const GRID_LINE = '#e6e6e1'
/** Error types get their own quiet hues, distinct from the status colours. */
const ERROR_TYPE_COLORS: Record<ErrorType, string> = { extra: '#4E79A7', missing: '#E49B3C', wrong: '#9C6BA8' }

const valueAxis = { type: 'value' as const, minInterval: 1, axisLabel: { color: MUTED }, splitLine: { lineStyle: { color: GRID_LINE } } }

/** Items by kind (x) and error type (grouped bars), each bar labelled with its count. */
export function kindErrorOption(counts: KindErrorCount[]): ChartOption {
  const count = (kind: string, errorType: string) => counts.find((c) => c.kind === kind && c.errorType === errorType)?.count ?? 0
  return {
    grid: { left: 8, right: 12, top: 34, bottom: 4, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    legend: { top: 0, left: 0, itemWidth: 12, itemHeight: 10, textStyle: { color: INK } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    // interval 0: every kind is labelled, even when echarts thinks the labels are crowded.
    xAxis: { type: 'category', data: KINDS.map((k) => KIND_LABELS[k]), axisLabel: { color: INK, fontSize: 12, interval: 0 }, axisTick: { show: false } },
    yAxis: valueAxis,
    series: ERROR_TYPES.map((e) => ({
      type: 'bar' as const,
      name: ERROR_TYPE_LABELS[e],
      data: KINDS.map((k) => count(k, e)),
      itemStyle: { color: ERROR_TYPE_COLORS[e] },
      barMaxWidth: 22,
      label: { show: true, position: 'top' as const, color: INK, fontSize: 11, formatter: (p: { value: unknown }) => (p.value ? String(p.value) : '') },
    })),
  }
}

/**
 * Confirmation rate per class, lowest at the top (the classes to chase), each bar labelled
 * with its rate and how many students are still unconfirmed.
 */
export function classRateOption(classes: ClassConfirmation[]): ChartOption {
  return {
    grid: { left: 8, right: 118, top: 4, bottom: 4, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: unknown) => {
        const c = classes[(params as { dataIndex: number }[])[0].dataIndex]
        return `${c.className} 班<br/>已完成確認 ${c.students - c.unconfirmed} / ${c.students} 人<br/>未確認 ${c.unconfirmed} 人`
      },
    },
    xAxis: { type: 'value', max: 100, axisLabel: { show: false }, splitLine: { show: false } },
    yAxis: {
      type: 'category', inverse: true, data: classes.map((c) => `${c.className} 班`),
      axisLabel: { color: INK, fontSize: 12 }, axisTick: { show: false },
    },
    series: [{
      type: 'bar',
      data: classes.map((c) => ({
        value: Math.floor(c.rate * 1000) / 10,
        itemStyle: { color: c.unconfirmed === 0 ? '#7FB58E' : '#1B5FAA' },
      })),
      barMaxWidth: 14,
      showBackground: true,
      backgroundStyle: { color: '#f0f0ec' },
      label: {
        show: true, position: 'right', color: INK, fontSize: 12,
        formatter: (p: { dataIndex: number; value: unknown }) => {
          const c = classes[p.dataIndex]
          return c.unconfirmed ? `${p.value}%（${c.unconfirmed} 人未確認）` : `${p.value}%`
        },
      },
    }],
  }
}

/** Unconfirmed students after each day's confirmation imports of the round, x = the day's last import time. */
export function trendOption(points: TrendPoint[], { formatDateTime }: DateFormat): ChartOption {
  return {
    grid: { left: 8, right: 24, top: 24, bottom: 4, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    tooltip: {
      trigger: 'axis',
      formatter: (params: unknown) => {
        const p = points[(params as { dataIndex: number }[])[0].dataIndex]
        return `${formatDateTime(p.importedAt)} 匯入後<br/>${p.fileName}<br/>未確認學生 ${p.unconfirmedStudents} 人`
      },
    },
    xAxis: {
      // Points in the middle of their bands: the first one's label stays clear of the y axis.
      type: 'category', boundaryGap: true, data: points.map((p) => formatDateTime(p.importedAt)),
      // Date over time, so that each import keeps its label in a narrow chart.
      axisLabel: { color: INK, hideOverlap: true, fontSize: 11, formatter: (value: string) => value.replace(' ', '\n') },
    },
    // Head room above the highest point, so its label clears the top of the axis.
    yAxis: { ...valueAxis, boundaryGap: [0, '18%'], name: '人', nameTextStyle: { color: MUTED, align: 'right' } },
    series: [{
      type: 'line', data: points.map((p) => p.unconfirmedStudents), symbolSize: 7,
      lineStyle: { color: '#B3261E', width: 2 }, itemStyle: { color: '#B3261E' }, areaStyle: { color: 'rgba(179, 38, 30, 0.08)' },
      label: { show: true, position: 'top', color: INK, fontSize: 12 },
    }],
  }
}
