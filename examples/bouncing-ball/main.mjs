// Run: npm run build (or npx --yes pnpm@12.21.0 run build), then node examples/bouncing-ball/main.mjs
import { closedFormImpacts, simulateBouncingBall } from './bouncing-ball.mjs';

const { impacts, speeds, nfe } = simulateBouncingBall({ bounces: 10 });
const exact = closedFormImpacts({ bounces: 10 });
console.log('bounce   t (odeflow)          t (closed form)      |error|     speed (m/s)');
impacts.forEach((t, i) => {
  console.log(
    `${String(i + 1).padStart(6)}   ${t.toFixed(15).padEnd(20)} ${exact[i].toFixed(15).padEnd(20)} ${Math.abs(t - exact[i]).toExponential(1).padEnd(11)} ${speeds[i].toFixed(6)}`,
  );
});
console.log(`f evaluations: ${nfe}`);
