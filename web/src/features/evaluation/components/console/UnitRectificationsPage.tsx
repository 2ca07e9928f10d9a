import { RectificationsView } from './RectificationsPage'

/** The responsible unit's rectification items (整改事项), with the answer form. */
export default function UnitRectificationsPage() {
  return <RectificationsView mode="unit" />
}
