/**
 * The integration suite's entry point, run inside the extension host by
 * @vscode/test-electron (desktop VS Code) or by code-server's workbench `payload`.
 */
import Mocha from "mocha";
import { suite } from "./suite";

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: "tdd", timeout: 120_000, color: false });
  suite(mocha);
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} integration test(s) failed`)) : resolve()));
  });
}
