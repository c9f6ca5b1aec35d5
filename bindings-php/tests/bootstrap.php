<?php

declare(strict_types=1);

if (!extension_loaded('coolify_k8s')) {
    fwrite(STDERR, "The coolify_k8s extension is not loaded: run PHPUnit as\n"
        . "  php -d extension=/path/to/libcoolify_k8s.so /usr/bin/phpunit\n"
        . "(bindings-php/test.sh builds the extension and does this).\n");
    exit(1);
}

require __DIR__ . '/../vendor/autoload.php';
