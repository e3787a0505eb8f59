export interface CreateAccountForm {
  username: string
  personId: string | null
  password: string
}

export interface AccountStatus {
  kind: 'active' | 'disabled' | 'locked'
  text: string
  tag: 'success' | 'info' | 'danger'
}

/** The person whose role assignments are shown. */
export interface SelectedPerson {
  id: string
  name: string
}

export interface AssignmentForm {
  role: string
  unitId: string | null
  subtree: boolean
}
