import type { Rank } from '@/api/posts'

export type DialogMode = 'create' | 'edit'
export type OrgTab = 'people' | 'posts' | 'history'

export interface UnitForm {
  code: string
  name: string
  kind: string
  parentId: string | null
}

export interface PersonForm {
  code: string
  name: string
  unitId: string | null
  phone: string
  email: string
}

export interface PostForm {
  title: string
  rank: Rank
  holderId: string | null
}

/** A table column described as data (label is an i18n key). */
export interface Column<Row> {
  prop: keyof Row & string
  label: import('@/i18n').MessageKey
  minWidth?: number
  width?: number
}
