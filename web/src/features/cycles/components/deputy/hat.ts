import { useLocation } from 'react-router'

/**
 * Which hat the suggestion pages are worn in: a deputy's (/deputy/…) or a unit's (/unit/…). The
 * same pages serve both; a user holding both roles submits as the portal they are in.
 */
export function usePortalHat(): { as: 'deputy' | 'unit'; base: '/deputy' | '/unit' } {
  const { pathname } = useLocation()
  return pathname.startsWith('/unit/')
    ? { as: 'unit', base: '/unit' }
    : { as: 'deputy', base: '/deputy' }
}
