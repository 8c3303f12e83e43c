#!/usr/bin/env node
import { corpusFiles, prepareCorpus } from '../bench/corpus.js';

prepareCorpus();
for (const { name, files } of corpusFiles()) console.log(`${name.padEnd(8)} ${String(files.length).padStart(5)} files`);
