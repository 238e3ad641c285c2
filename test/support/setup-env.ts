// Quiet, fast defaults for every test file; tests override per app.
process.env.NODE_ENV = 'test';
