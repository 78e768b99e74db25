import { BarChart, LineChart, type BarSeriesOption, type LineSeriesOption } from 'echarts/charts'
import {
  GridComponent,
  LegendComponent,
  TooltipComponent,
  type GridComponentOption,
  type LegendComponentOption,
  type TooltipComponentOption,
} from 'echarts/components'
import * as echarts from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import { useEffect, useRef } from 'react'

// Only what the app draws, so the bundle carries no more of echarts than it needs.
echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer])

export type ChartOption = echarts.ComposeOption<
  BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>

/** The app's font stack, read from styles.css so that chart labels render CJK in the same face as the page. */
function appFont(): string {
  const font = getComputedStyle(document.documentElement).getPropertyValue('--font').trim()
  return font || "'Microsoft JhengHei', 'Noto Sans CJK TC', sans-serif"
}

/**
 * An echarts chart on a div: created once, given each new option whole, resized with its
 * box, disposed with the component. Canvas rendering; no animation, so that a screen
 * staff glance at (and a screenshot) is complete at once. `label` describes the chart
 * for screen readers, which cannot read a canvas.
 */
export function Chart({ option, height, label }: { option: ChartOption; height: number; label: string }) {
  const box = useRef<HTMLDivElement>(null)
  const chart = useRef<echarts.ECharts | null>(null)

  useEffect(() => {
    const element = box.current!
    const instance = echarts.init(element, null, { renderer: 'canvas' })
    chart.current = instance
    const observer = new ResizeObserver(() => instance.resize())
    observer.observe(element)
    return () => {
      observer.disconnect()
      instance.dispose()
      chart.current = null
    }
  }, [])

  useEffect(() => {
    const font = appFont()
    chart.current?.setOption(
      {
        animation: false,
        textStyle: { fontFamily: font, fontSize: 12, color: '#1f2328' },
        tooltip: { textStyle: { fontFamily: font, fontSize: 12 } },
        ...option,
      },
      { notMerge: true },
    )
  }, [option])

  return <div ref={box} className="chart" role="img" aria-label={label} style={{ height }} />
}
