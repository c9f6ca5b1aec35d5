<?php

declare(strict_types=1);

namespace CoolifyK8s\Tests\Support;

use CoolifyK8s\CommandRunner;

/** Records every command and answers with recorded output, chosen by a part of the command. */
final class FakeCommandRunner implements CommandRunner
{
    /** @var list<string> */
    public array $commands = [];

    /** @param array<string, string> $replies part of a command => recorded output */
    public function __construct(private readonly array $replies = [])
    {
    }

    public function run(array $commands): string
    {
        $output = '';
        foreach ($commands as $command) {
            $this->commands[] = $command;
            foreach ($this->replies as $part => $reply) {
                if (str_contains($command, $part)) {
                    $output .= $reply;
                    break;
                }
            }
        }

        return $output;
    }
}
