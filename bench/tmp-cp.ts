import { benchCommandPath, failures } from './command-path.bench';
void benchCommandPath().then((m) => { process.stdout.write(m + '\n'); console.log(failures); });
