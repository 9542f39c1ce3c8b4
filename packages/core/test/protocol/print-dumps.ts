// Prints the byte dumps for docs/protocol.md: `pnpm exec tsx packages/core/test/protocol/print-dumps.ts`.
import { exampleDumps } from './dumps.js';

for (const dump of exampleDumps()) {
  console.log(
    `#### ${dump.channel} \`${dump.type}\`\n\n\`\`\`json\n${dump.json}\n\`\`\`\n\n\`\`\`hex\n${dump.hex}\n\`\`\`\n`,
  );
}
