// Loaded before every test file (.taprc node-arg): objects the store shares are frozen, so code
// that changes a write's result or a watch event's object fails in the tests (see
// src/store/shared-objects.ts). Child processes and worker threads the tests start inherit it.
process.env.CYBERNETES_FREEZE_SHARED = '1';
