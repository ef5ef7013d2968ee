import { describeWeatherTraining } from '../shared/weather-suite';
import { weatherAgent } from './agent';

describeWeatherTraining(weatherAgent);
