import { type SimulatorHandle, startSimulator } from '../../simulator';
import { startConnectorCapture } from './connector';
import { startTestCutover } from './cutover';

export interface Stack {
  simulator: SimulatorHandle;
  connector: Awaited<ReturnType<typeof startConnectorCapture>>;
  bot: Awaited<ReturnType<typeof startTestCutover>>;
  close(): Promise<void>;
}

/** The parts an HTTP test talks to: the Exchange simulator, a Bot Connector capture, and the real bot. */
export async function startStack(options: { speed: number; env?: Record<string, string> }): Promise<Stack> {
  const simulator = await startSimulator({ speed: options.speed });
  const connector = await startConnectorCapture();
  const bot = await startTestCutover({ exchangeUrl: simulator.url, env: options.env });
  return {
    simulator,
    connector,
    bot,
    async close() {
      await bot.close();
      await connector.close();
      await simulator.close();
    },
  };
}
