#!/bin/bash
sed -i s/80/8080/ /etc/nginx/sites-enabled/default
