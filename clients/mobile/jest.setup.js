/* global jest */
// The official in-memory AsyncStorage for every test (the native module does not exist under Jest).
jest.mock('@react-native-async-storage/async-storage', () =>
  jest.requireActual('@react-native-async-storage/async-storage/jest/async-storage-mock'),
);
