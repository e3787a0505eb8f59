import { http } from './http'

export interface Role {
  code: string
  titleZh: string
  titleEn: string
  permissions: string[]
}

export interface RoleAssignment {
  id: string
  personId: string
  personName: string
  role: string
  unitId: string
  unitName: string
  subtree: boolean
}

export interface RoleAssignmentBody {
  personId: string
  role: string
  unitId: string
  subtree: boolean
}

export const listRoles = () => http.get<Role[]>('/api/v1/roles')
export const listRoleAssignments = (personId: string) =>
  http.get<RoleAssignment[]>('/api/v1/role-assignments', { query: { personId } })
export const createRoleAssignment = (body: RoleAssignmentBody) => http.post<RoleAssignment>('/api/v1/role-assignments', body)
export const deleteRoleAssignment = (id: string) => http.delete(`/api/v1/role-assignments/${encodeURIComponent(id)}`)
