import { describe, expect, it } from '@jest/globals';
import { isPrivateAddress, webhookUrlProblem } from './webhook-target.js';

describe('isPrivateAddress', () => {
  it.each([
    ['127.0.0.1', true],
    ['10.1.2.3', true],
    ['172.16.0.1', true],
    ['172.31.255.255', true],
    ['192.168.1.1', true],
    ['169.254.169.254', true],
    ['100.64.0.1', true],
    ['0.0.0.0', true],
    ['224.0.0.1', true],
    ['::1', true],
    ['::', true],
    ['fe80::1', true],
    ['fd12:3456::1', true],
    ['::ffff:127.0.0.1', true],
    ['::ffff:10.0.0.1', true],
    ['8.8.8.8', false],
    ['172.32.0.1', false],
    ['93.184.216.34', false],
    ['2606:4700:4700::1111', false],
    ['::ffff:8.8.8.8', false],
    ['not-an-ip', true],
  ])('%s: %s', (address, blocked) => {
    expect(isPrivateAddress(address)).toBe(blocked);
  });
});

describe('webhookUrlProblem', () => {
  it.each([
    ['https://hooks.example.com/auth', false, undefined],
    ['http://127.0.0.1:9000/hook', true, undefined],
    ['http://127.0.0.1:9000/hook', false, /private or loopback/],
    ['http://localhost/hook', false, /private or loopback/],
    ['http://[::1]/hook', false, /private or loopback/],
    ['http://169.254.169.254/latest/meta-data', false, /private or loopback/],
    ['ftp://hooks.example.com/', false, /http\(s\)/],
    ['javascript:alert(1)', false, /http\(s\)/],
    ['not a url', false, /http\(s\)/],
    ['https://user:pw@hooks.example.com/', false, /credentials/],
  ])('%s (allow private: %s)', (url, allowPrivate, problem) => {
    const found = webhookUrlProblem(url, allowPrivate);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toMatch(problem);
  });
});
