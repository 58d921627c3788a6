// The test bed's Temporal dev server (the temporal CLI scripts/bootstrap.sh go-installs) answers
// the SDK's client and the TestWorkflowEnvironment that the workflow tests use.
import { describe, expect, it } from '@jest/globals';
import { Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';

describe('Temporal dev server', () => {
  it('serves the default namespace to the SDK client', async () => {
    const address = process.env.TEMPORAL_ADDRESS;
    expect(address).toMatch(/^127\.0\.0\.1:\d+$/);
    const connection = await Connection.connect({ address: address! });
    try {
      const ns = await connection.workflowService.describeNamespace({ namespace: 'default' });
      expect(ns.namespaceInfo?.name).toBe('default');
      const { serverVersion } = await connection.workflowService.getSystemInfo({});
      expect(serverVersion).toMatch(/^1\.\d+\.\d+/);
    } finally {
      await connection.close();
    }
  });

  it('is usable through TestWorkflowEnvironment.createFromExistingServer', async () => {
    const env = await TestWorkflowEnvironment.createFromExistingServer({ address: process.env.TEMPORAL_ADDRESS! });
    try {
      const list = env.client.workflow.list({ query: 'WorkflowType = "none"' });
      const seen: unknown[] = [];
      for await (const w of list) seen.push(w);
      expect(seen).toEqual([]);
    } finally {
      await env.teardown();
    }
  });
});
