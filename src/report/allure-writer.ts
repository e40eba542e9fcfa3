/**
 * The Allure results writer the cucumber formatter uses (cucumber.js formatOptions `writer`): the files of
 * allure-js-commons' FileSystemWriter (results, containers, attachments, environment, categories, globals), each
 * written to a temp name and renamed into place, but without its fsync per file. Those fsyncs blocked the
 * harness's event loop, the one the in-process reference SUTs answer from, for seconds per run (7.7 s in the
 * ISO 15118-2 catalogue, more on a busy disk); a results folder is rebuilt by the next run, not a database.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { stringifyEnvInfo } from 'allure-js-commons/sdk/reporter';
import type { Writer } from 'allure-js-commons/sdk/reporter';
import type { Category, EnvironmentInfo } from 'allure-js-commons/sdk';
import type { Globals, TestResult, TestResultContainer } from 'allure-js-commons';

class AllureResultsWriter implements Writer {
  private readonly resultsDir: string;

  constructor(config: { resultsDir?: string }) {
    this.resultsDir = config.resultsDir ?? './allure-results';
  }

  private target(name: string): string {
    fs.mkdirSync(this.resultsDir, { recursive: true });
    return path.join(this.resultsDir, name);
  }

  /** Whole files only: a reader never sees one half written. */
  private publish(name: string, data: string | Buffer): void {
    const file = this.target(name);
    const temp = path.join(this.resultsDir, `.allure-write-${randomUUID()}.tmp`);
    try {
      fs.writeFileSync(temp, data);
      fs.renameSync(temp, file);
    } catch (e) {
      fs.rmSync(temp, { force: true });
      throw e;
    }
  }

  writeResult(result: TestResult): void {
    this.publish(`${result.uuid}-result.json`, JSON.stringify(result));
  }

  writeGroup(result: TestResultContainer): void {
    this.publish(`${result.uuid}-container.json`, JSON.stringify(result));
  }

  writeAttachment(distFileName: string, content: Buffer): void {
    this.publish(distFileName, content);
  }

  writeAttachmentFromPath(distFileName: string, from: string): void {
    this.publish(distFileName, fs.readFileSync(from));
  }

  writeEnvironmentInfo(info: EnvironmentInfo): void {
    this.publish('environment.properties', stringifyEnvInfo(info));
  }

  writeCategoriesDefinitions(categories: Category[]): void {
    this.publish('categories.json', JSON.stringify(categories));
  }

  writeGlobals(distFileName: string, info: Globals): void {
    this.publish(distFileName, JSON.stringify(info));
  }
}

// allure-js-commons loads a writer named by path with require(): the module itself is the constructor
export = AllureResultsWriter;
