// Starts an MCP server over stdio, initializes, lists its tools, prints the tools/list result.
import { spawn } from 'node:child_process';
const [cmd, ...args] = process.argv.slice(2);
const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'ignore'] });
let buf = '';
const send = (m) => child.stdin.write(JSON.stringify(m) + '\n');
child.stdout.on('data', (d) => {
  buf += d;
  let i;
  while ((i = buf.indexOf('\n')) >= 0) {
    const line = buf.slice(0, i); buf = buf.slice(i + 1);
    const msg = JSON.parse(line);
    if (msg.id === 1) { send({ jsonrpc: '2.0', method: 'notifications/initialized' }); send({ jsonrpc: '2.0', id: 2, method: 'tools/list' }); }
    if (msg.id === 2) { process.stdout.write(JSON.stringify(msg.result, null, 2) + '\n'); child.kill(); process.exit(0); }
  }
});
send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'fixture', version: '0' } } });
setTimeout(() => { console.error('timeout'); process.exit(1); }, 20000);
