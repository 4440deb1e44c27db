// Extra projects with their own settings (policies, review mode) on the test server, each with its own key.
import { TEST_ADMIN, type TestServer } from '../../support/app.js';
import { type ArgosClient, argosClient } from './argos-client.js';

export interface TestProject {
  readonly id: string;
  readonly apiKey: string;
  readonly api: ArgosClient;
}

let counter = 0;

export async function createTestProject(
  t: TestServer,
  settings: Record<string, unknown>,
  webhookUrl?: string,
): Promise<TestProject> {
  counter += 1;
  const project = await t.app.projects.create(
    {
      name: `test project ${counter}`,
      settings: {
        admins: [TEST_ADMIN],
        ...(webhookUrl ? { webhookUrl, allowInsecureWebhooks: true } : {}),
        ...settings,
      },
    },
    'test',
  );
  const key = await t.app.projects.issueApiKey(project.id, {}, 'test');
  return { id: project.id, apiKey: key.key, api: argosClient(t.baseUrl, key.key) };
}
