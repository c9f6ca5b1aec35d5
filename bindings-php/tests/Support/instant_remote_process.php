<?php

declare(strict_types=1);

// Stands in for Coolify's global helper (bootstrap/helpers/remoteProcess.php): records each call.

$GLOBALS['instant_remote_process_calls'] = [];

/** @param list<string> $command */
function instant_remote_process(array $command, object $server, bool $throwError = true): string
{
    $GLOBALS['instant_remote_process_calls'][] = [$command, $server];

    return 'ran ' . count($command);
}
