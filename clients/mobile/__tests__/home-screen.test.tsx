import { render, screen } from '@testing-library/react-native';

import HomeScreen from '../app/index';

describe('HomeScreen (placeholder)', () => {
  it('shows the SkillSwap heading', async () => {
    // @testing-library/react-native v14: render() is async and must be awaited.
    await render(<HomeScreen />);

    expect(screen.getByRole('header', { name: 'SkillSwap' })).toBeOnTheScreen();
  });
});
