/** One palette and spacing scale for every screen: readable contrast (WCAG AA) on white. */
export const colors = {
  background: '#ffffff',
  surface: '#f4f5f7',
  border: '#d0d5dd',
  text: '#1d2939',
  muted: '#475467',
  primary: '#1849a9',
  primaryText: '#ffffff',
  danger: '#b42318',
  dangerSurface: '#fef3f2',
  success: '#067647',
  successSurface: '#ecfdf3',
  badge: '#d92d20',
} as const;

export const space = { xs: 4, s: 8, m: 12, l: 16, xl: 24 } as const;
