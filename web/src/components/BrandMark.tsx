/** The product mark: a ballot box with a tick, in the brand colour. Decorative. */
export function BrandMark({ size = 28 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect x="2" y="2" width="28" height="28" rx="5" fill="#1D4E89" />
      <rect x="8" y="7" width="16" height="3" rx="1" fill="#FFFFFF" opacity="0.9" />
      <path
        d="M9 18.5l4.2 4.2L23.5 12.5"
        fill="none"
        stroke="#FFFFFF"
        strokeWidth="3"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  )
}
