/** Small line icons drawn with currentColor, so they follow the theme and never depend on an emoji font. */
const PATHS = {
  pencil: "M4 20h4L19 9l-4-4L4 16v4zM14 6l4 4",
  copy: "M9 9h10v10H9zM5 15V5h10",
  trash: "M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13",
} as const;

/** An icon by name; decorative, so the button around it carries the accessible name. */
export function Icon({ name }: { name: keyof typeof PATHS }) {
  return (
    <svg
      width="15"
      height="15"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
    >
      <path d={PATHS[name]} />
    </svg>
  );
}
