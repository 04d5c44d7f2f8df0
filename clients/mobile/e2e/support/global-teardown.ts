import { stopApplication } from './application';

export default stopApplication;
