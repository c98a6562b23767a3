/** The tests' small demo street: its password and sizes (loaded once per run, cloned per file). */
export const DEMO_TEST_PASSWORD = 'Demo@2026';
export const TEST_DEMO = {
  password: DEMO_TEST_PASSWORD,
  householdsPerGrid: [6, 9] as [number, number],
  casesPerDay: 1,
};
