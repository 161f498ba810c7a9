'use strict';

const express = require('express');
const userController = require('../controllers/user');

const router = express.Router();

router
  .route('/:userId')
  .get(userController.getUser)
  .delete(userController.deleteUser);

module.exports = router;
