#!/bin/bash
sed -i 's/Helo/Hello/' greeting.txt
git -c user.name=solver -c user.email=solver@example.com commit -qam "Fix the greeting"
