// Moved to screens/health/; this path is kept for test/health/health-screen.test.tsx.
export {HealthScreen, type HealthScreenProps} from '../screens/health/HealthScreen.js';
