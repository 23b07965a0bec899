// Setup of the Jest project `eventstoredb`: test/support/test-app.ts reads this variable and runs
// every service it starts on EVENT_STORE=eventstoredb against a wire-level test server.
process.env.SEPAKAT_TEST_EVENT_STORE = 'eventstoredb';
