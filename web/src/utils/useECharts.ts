import { onBeforeUnmount, onMounted, watch, type Ref } from 'vue'
import { echarts, type ECOption } from './echarts'

/**
 * Binds an ECharts instance to an element: created on mount, re-rendered when the option changes,
 * resized with the element, disposed on unmount. Charts do not animate for a user who asked for reduced motion.
 */
export function useECharts(el: Ref<HTMLElement | null | undefined>, option: () => ECOption) {
  let chart: echarts.ECharts | null = null
  let observer: ResizeObserver | null = null

  const render = (): void => {
    chart?.setOption({ animation: !reducedMotion(), ...option() }, { notMerge: true })
  }

  onMounted(() => {
    if (!el.value) return
    chart = echarts.init(el.value, undefined, { renderer: 'canvas' })
    render()
    if (typeof ResizeObserver !== 'undefined') {
      observer = new ResizeObserver(() => chart?.resize())
      observer.observe(el.value)
    }
  })

  watch(option, render, { deep: true })

  onBeforeUnmount(() => {
    observer?.disconnect()
    chart?.dispose()
    chart = null
  })

  return { resize: () => chart?.resize() }
}

function reducedMotion(): boolean {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function' && window.matchMedia('(prefers-reduced-motion: reduce)').matches
}
