// setup.py is read as text and never run: a literal install_requires list declares the packages even when its
// entries carry no version ('torch'), so "nothing records which packages the model needs" is not printed for it.
import { describe, expect, it } from 'vitest';
import check from '../checks/reproducibility.js';
import { literalInstallRequires } from '../src/reproducibility/environment.js';
import { runRaw } from './helpers.js';

const TRAIN = 'import torch\n\nfor step in range(10):\n    loss = model(x).sum()\n    loss.backward()\n    optimizer.step()\n';

describe('setup.py install_requires', () => {
  it('reads the string entries of a literal list, bare names and versions, through comments', () => {
    const text = "setup(\n    name='gpt',\n    install_requires=[\n        'torch',  # the model\n        \"numpy>=1.24\",\n        'tqdm==4.66.1',\n    ],\n)\n";
    expect(literalInstallRequires(text)).toEqual(['torch', 'numpy>=1.24', 'tqdm==4.66.1']);
  });

  it('stops at the first entry that is not a string literal, and reads nothing when the list is a variable', () => {
    expect(literalInstallRequires("setup(install_requires=['torch', *EXTRA, 'numpy'])")).toEqual(['torch']);
    expect(literalInstallRequires('setup(install_requires=REQUIRED)')).toEqual([]);
    expect(literalInstallRequires("setup(install_requires=['torch")).toEqual([]);
  });

  it('a bare-name list is a declared environment: unpinned, not missing', async () => {
    const outcome = await runRaw(check, {
      'setup.py': "from setuptools import setup\n\nsetup(name='gpt', packages=['gpt'], install_requires=[\n    'torch',\n])\n",
      'gpt/trainer.py': TRAIN,
    });
    if (outcome.status !== 'judged') throw new Error(outcome.reason);
    const ids = outcome.findings.map((finding) => finding.id);
    expect(ids).not.toContain('no-environment');
    expect(ids).toContain('no-lockfile');
    expect(outcome.findings.find((finding) => finding.id === 'no-lockfile')?.message).toMatch(/^setup\.py declares 1 dependencies/);
  });

  it('a setup.py whose list is built elsewhere without versions still declares nothing it can read', async () => {
    const outcome = await runRaw(check, {
      'setup.py': "from setuptools import setup\n\nREQUIRED = open('deps.txt').read().split()\n\nsetup(name='gpt', install_requires=REQUIRED)\n",
      'gpt/trainer.py': TRAIN,
    });
    if (outcome.status !== 'judged') throw new Error(outcome.reason);
    expect(outcome.findings.map((finding) => finding.id)).toContain('no-environment');
  });
});
