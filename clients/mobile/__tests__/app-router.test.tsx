import { renderRouter, screen } from 'expo-router/testing-library';

describe('app/ routes', () => {
  it('renders the root layout (QueryClientProvider, @/ alias) and the home route at /', async () => {
    await renderRouter('./app', { initialUrl: '/' });

    expect(screen).toHavePathname('/');
    expect(screen.getByRole('header', { name: 'SkillSwap' })).toBeOnTheScreen();
  });
});
