export interface Counter {
  key: 'units' | 'people' | 'accounts'
  value: number
}

export interface BarData {
  labels: string[]
  values: number[]
}
