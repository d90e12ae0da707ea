/** The bare baseline: a workflow that runs one activity and returns, the least any case does. */
import { proxyActivities } from '@temporalio/workflow';

export interface HelloActivities {
  hello(name: string): Promise<string>;
}

const { hello } = proxyActivities<HelloActivities>({ startToCloseTimeout: '1 minute' });

export async function helloWorkflow(name: string): Promise<string> {
  return hello(name);
}
