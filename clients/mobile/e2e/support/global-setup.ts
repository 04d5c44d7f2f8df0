import { startApplication } from './application';

export default startApplication;
