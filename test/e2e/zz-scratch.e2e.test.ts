import { it } from 'node:test';
import { execSync } from 'node:child_process';
import { openWorkbench } from './harness';

it('scratch', { timeout: 300_000 }, async (t) => {
  const wb = await openWorkbench(t);
  await wb.step('propose', () => wb.runCommand('Clawdock: Propose Command…'));
  await wb.step('answer', () => wb.answerInputBox('touch x1 && echo hi', 'Propose a command'));
  await wb.waitForCodeLens('Approve', 60000);
  await wb.step('approve', () => wb.clickCodeLens('Approve'));
  await wb.waitForOutput('Clawdock Sandbox', /hi/, 60000);
  for (let i = 0; i < 5; i++) { await wb.page.waitForTimeout(2000); console.log(i, JSON.stringify(await wb.codeLenses())); }
  await wb.step('after wait', async () => {});
  await wb.editor().click({ position: { x: 100, y: 200 } });
  await wb.page.keyboard.press('PageDown');
  await wb.page.waitForTimeout(2000);
  console.log('after click', JSON.stringify(await wb.codeLenses()));
  await wb.runCommand('Clawdock: Show Pending Approvals');
  await wb.page.waitForTimeout(1000);
  await wb.step('final', async () => {});
  console.log(execSync(`find ${wb.workspace}/.. -name 'exthost*.log' | head -3 | xargs tail -n 30`).toString());
});
