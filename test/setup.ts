// Every test runs with every module's rules installed, as the server and the CLI do (modules/index.ts).
import '../server/modules/index.js';
